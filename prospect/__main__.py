"""Let `python -m prospect` run the command line."""

from prospect.launch import main

main()
