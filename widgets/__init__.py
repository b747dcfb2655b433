"""The interactive pieces ClassBridge training modules are built from."""

from classbridge.widgets.quiz import ChoiceQuestion, Feedback, Quiz

__all__ = ["ChoiceQuestion", "Feedback", "Quiz"]
