"""Build-time tools that (re)generate data files; never imported by the coder."""
