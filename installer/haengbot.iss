; 행봇 (HaengBot) per-user Windows installer — Inno Setup 6.5 or later (Korean.isl ships from 6.5.0).
;
;   ISCC.exe /DAppVersion=0.1.0 installer\haengbot.iss
;
; Input: the PyInstaller one-dir bundle dist\HaengBot\ (installer/haengbot.spec). Output: dist\HaengBot-Setup-<version>.exe.
; .github/workflows/windows.yml builds both. Directive reference: https://jrsoftware.org/ishelp/
; Saved as UTF-8 with a BOM so that the Korean text survives on any compiler code page.
;
; What a clerk gets: no UAC prompt, the program in %LOCALAPPDATA%\Programs\HaengBot, "행봇" on the desktop and in
; the Start menu, an entry in 설정 > 앱 to remove it. The app keeps its data (database, settings, logs) in
; %LOCALAPPDATA%\HaengBot — a different folder — so upgrades and uninstalls never touch it.

; Version of the build; the workflow passes /DAppVersion from core.__version__, so it is declared once.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; The same version as four numbers (a.b.c.d), as VersionInfoVersion requires; the workflow computes it with
; installer/version_info.py, so a pre-release such as 0.2.0rc1 still compiles (0.2.0.1).
#ifndef NumericVersion
  #define NumericVersion "0.0.0.0"
#endif
; Where the one-dir bundle is, relative to this script (SourceDir defaults to the script's folder).
#ifndef BundleDir
  #define BundleDir "..\dist\HaengBot"
#endif
#define AppExeName "HaengBot.exe"

[Setup]
; Fixed forever: identifies 행봇 across versions, so a newer installer upgrades the same install (same folder,
; same uninstall entry "<AppId>_is1") instead of installing a second copy. Never reuse it for another app.
; The doubled "{{" escapes the brace, since "{" starts a constant.
AppId={{EFECD6E1-033C-4845-8681-016793357691}
; Name shown in the wizard, the uninstall entry and 설정 > 앱.
AppName=행봇
; Version shown in 설정 > 앱; also used by AppVerName below.
AppVersion={#AppVersion}
; Title used in the wizard and the uninstall list: "행봇 0.1.0".
AppVerName=행봇 {#AppVersion}
; Publisher shown in 설정 > 앱.
AppPublisher=HaengBot contributors
; Non administrative install mode: no UAC prompt, works on an office PC without admin rights. {autopf} then
; means {userpf} = %LOCALAPPDATA%\Programs, shortcuts go to the user's desktop/Start menu, the uninstall
; entry to HKCU.
PrivilegesRequired=lowest
; City IT may override from the command line only (no dialog for clerks): /ALLUSERS installs for every user
; under Program Files (that one needs admin), /CURRENTUSER forces the per-user default.
PrivilegesRequiredOverridesAllowed=commandline
; %LOCALAPPDATA%\Programs\HaengBot in per-user mode (Program Files\HaengBot with /ALLUSERS).
DefaultDirName={autopf}\HaengBot
; The folder is fixed, so don't ask for it; an upgrade reuses the previous folder anyway (UsePreviousAppDir).
DisableDirPage=yes
; Upgrades go to the folder of the previous install (default yes; stated because upgrades depend on it).
UsePreviousAppDir=yes
; Shortcuts go straight into the Start menu (no 행봇 sub-folder), so there is no program-group page.
DisableProgramGroupPage=yes
; The bundle is 64-bit (x64 Python): refuse 32-bit Windows, and install in 64-bit mode where allowed.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Upgrading while 행봇 is open: Setup finds it through the Windows Restart Manager and, on the "Preparing to
; Install" page, offers to close it so its files can be replaced; a silent install closes it without asking
; (/NOCLOSEAPPLICATIONS turns that off). Default yes; stated for the upgrade story.
CloseApplications=yes
; Don't restart 행봇 by itself after an upgrade (it could only be restarted if it registered with the Restart
; Manager, which it doesn't); the clerk opens it from the shortcut.
RestartApplications=no
; Icon of the installer itself, and the icon shown next to 행봇 in 설정 > 앱.
SetupIconFile=..\resources\icons\haengbot.ico
UninstallDisplayIcon={app}\{#AppExeName}
; Name of the entry in Windows' Apps/Add-Remove Programs list; when blank Inno uses AppVerName (name + version).
; Checked against the Inno Setup help, [Setup]: UninstallDisplayName.
UninstallDisplayName=행봇
; 'modern': white page background matching the top panel, no bevel line (Inno Setup help, [Setup]: WizardStyle;
; the default is 'classic', grey pages).
WizardStyle=modern
; Installer output: dist\HaengBot-Setup-<version>.exe, next to the bundle.
OutputDir=..\dist
OutputBaseFilename=HaengBot-Setup-{#AppVersion}
; LZMA2 (the compiler's default method is lzma2/max) with solid compression, i.e. all files in one compressed
; stream: the smallest download for a folder of many small files ([Setup]: Compression, SolidCompression).
Compression=lzma2
SolidCompression=yes
; Version resource of the installer exe, from the same version number. VersionInfoVersion takes up to four
; dot-separated numbers; missing ones become 0 ([Setup]: VersionInfoVersion).
VersionInfoVersion={#NumericVersion}
VersionInfoProductName=행봇 (HaengBot)
VersionInfoDescription=행봇 설치 프로그램
; One language, so no language dialog; Windows shows the wizard in Korean.
ShowLanguageDialog=no
; Windows 10 or later: what PySide6 6.x (Qt 6) supports.
MinVersion=10.0

[Languages]
; The official Korean messages that ship with Inno Setup 6.5+ (compiler:Languages\Korean.isl).
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"

[Tasks]
; A check box on the "추가 작업" page, ticked by default (and taken in a silent install): the desktop shortcut.
; {cm:...} messages come from Korean.isl ("바탕 화면에 바로 가기 만들기", "추가 아이콘").
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Before copying, remove the previous version's libraries: a newer PyInstaller bundle may drop files, and a
; stale DLL left beside the new ones can break start-up. Only the program folder — never the user's data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole one-dir bundle: HaengBot.exe (windowed), haengbot-cli.exe (its console twin for scripts and Task
; Scheduler) and _internal\. ignoreversion: always replace, since our own files
; carry no per-file version the upgrade could compare; recursesubdirs/createallsubdirs: copy the tree as is.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Start menu shortcut named 행봇 ({autoprograms} = the user's Start menu Programs folder in per-user mode).
Name: "{autoprograms}\행봇"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "지방자치단체 업무 자동화"
; Desktop shortcut named 행봇, only when the desktopicon task is ticked ({autodesktop} = the user's desktop).
Name: "{autodesktop}\행봇"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "지방자치단체 업무 자동화"; Tasks: desktopicon

[Run]
; Offer "행봇 실행" on the last page; skipped in silent installs so IT deployments don't open windows.
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,행봇}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The uninstaller removes what it installed; this also removes anything left in the program's own
; _internal folder. User data in %LOCALAPPDATA%\HaengBot and the credentials in Windows 자격 증명 관리자 stay
; (README "배포" says how to remove them).
Type: filesandordirs; Name: "{app}\_internal"
; And the program folder itself once it is empty.
Type: dirifempty; Name: "{app}"
