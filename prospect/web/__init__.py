"""The browser workspace (`prospect serve`): a local web app over the same library and database."""
