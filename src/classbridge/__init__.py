"""ClassBridge: Jupyter-based training for teachers of remote classes taught live."""

__version__ = "0.1.0"
