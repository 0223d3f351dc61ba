"""The brief: build the model, render it to HTML, Markdown, text and PDF."""
