"""nbgrader course, autograding pipeline and progress reports (see issue 5)."""
