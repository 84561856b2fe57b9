"""raidmap: the command line and shared entry points."""
