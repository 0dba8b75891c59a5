"""An autograder for hand-written backpropagation assignments in NumPy.

One submission's path: ``discover`` finds it, ``load`` turns it into source and
a plan, ``sandbox`` runs it walled off, ``checks`` compare what it computes with
``solutions``, ``diagnosis`` names the mistake, ``scoring`` adds up points and
``reports`` renders the result.
"""

__version__ = "0.1.0"
