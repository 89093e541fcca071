from hamcoach.cli.main import main

main()
