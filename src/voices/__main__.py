from voices.cli import main

main()
