"""The real ``repit-agent run --headless``, as a subprocess on a private desktop."""
