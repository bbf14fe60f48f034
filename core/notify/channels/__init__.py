"""Delivery channels: Solapi, NHN Cloud SMS, SMTP e-mail, and an upload file for in-house systems."""
