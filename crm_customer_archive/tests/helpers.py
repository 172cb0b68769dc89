"""Small helpers shared by the test modules: PDFs read back as text, PNG
images for photos, the Chinese terms."""

import base64
import io
import subprocess

from PIL import Image

# The portal's language: the customer picked 简体中文 (the user's own language
# is not what Odoo's portal uses without the website app).
CHINESE = {"frontend_lang": "zh_CN"}


def pdf_text(pdf):
    """The text of a PDF, as a reader's copy-paste would give it (poppler)."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def png_bytes(size=(32, 24), color=(10, 120, 200)):
    """A real PNG image of one colour (photos must be images)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_base64(size=(32, 24), color=(10, 120, 200)):
    """The same PNG, base64-encoded as binary fields take it."""
    return base64.b64encode(png_bytes(size, color))


def load_chinese(env, modules=("crm_customer_archive",)):
    """A fresh database has neither zh_CN active nor the modules' Chinese terms."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"]._load_module_terms(list(modules), ["zh_CN"], overwrite=True)
