from msglint.cli import main

if __name__ == "__main__":  # a process pool started with "spawn" imports this module again
    main()
