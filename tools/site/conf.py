"Sphinx configuration of the course site (built by `make docs` through tools/course_site.py, from the executed notebooks)."
project = 'colorize_lib'
author = 'colorize_lib developers'
copyright = '2026 onwards, colorize_lib developers (Apache-2.0)'
extensions = ['myst_nb']
nb_execution_mode = 'off'              # the site shows the outputs the committed, executed notebooks hold
nb_merge_streams = True
myst_enable_extensions = ['dollarmath', 'colon_fence']
myst_heading_anchors = 3
exclude_patterns = ['_build', '**.ipynb_checkpoints']
suppress_warnings = ['myst.header', 'mystnb.unknown_mime_type', 'myst.xref_missing']
html_theme = 'furo'
html_title = 'colorize_lib: a course on automatic image colorization'
html_static_path = ['_static']
html_theme_options = {'navigation_with_keys': False}
html_show_sourcelink = False
html_favicon = '_static/favicon.png'
