"""Files the explorer page embeds: vendored vis-timeline (see ``VERSIONS`` and its licence
files) and the page's own script, styles and body."""
