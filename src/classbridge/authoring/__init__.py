"""Authoring modules: scaffold a new one (``new-module``) and check any modules folder (``check``).

Built on grading (a check releases and autogrades in a temporary nbgrader
course) and below the command line, which only parses and prints.
"""
