"""Build-time helpers of ``build.spec`` (the PyInstaller bundle); the app never imports them."""
