"""The person's say about their digital tools (TOOLS.md): answers, proposals, the window."""
