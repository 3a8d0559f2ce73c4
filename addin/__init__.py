"""What the buttons and the command line run: build, refresh, export, screenshots."""
