"""Reference solutions (model answers) for the hand-written backpropagation assignments."""
