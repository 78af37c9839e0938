"""The recipe of `make train`: see __main__.py."""
