"""Let `python -m prospect` run the command line."""

from prospect.cli import main

main()
