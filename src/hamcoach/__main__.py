from hamcoach.cli.app import main

main()
