"""The Gradio app over the knowledge base (app/main.py).

Importing the package first arranges for Gradio to be imported without rewriting its own type stubs at every
start (app/gradio_stubs.py: 1.3 s of `kb serve`'s start-up).
"""

from app import gradio_stubs

gradio_stubs.install()
