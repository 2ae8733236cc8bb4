#!/usr/bin/env python
from neue_wege.cli import main

if __name__ == "__main__":
    main()
