"""One deadline engine for registry tasks (issue 14): dated duties become notices, each sent once per window.

A registry (체육시설업 신고 대장, 옥외광고물 허가·신고 대장) holds items whose dates create duties. A
task declares its rules once (``core.deadlines.rules``); the engine (``core.deadlines.engine``) finds
what is due at the 기준일; ``core.deadlines.notices`` sends each contact notice once per (item, window
key) through the effects ledger and builds the contract sheets. ``core.deadlines.templates`` reads
the editable message files. This package file stays light: task declarations import only ``rules``.
"""
