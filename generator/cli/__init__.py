"""The ``holdspace`` command line: thin click commands over the stages."""
