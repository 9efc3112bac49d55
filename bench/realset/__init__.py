"""The real labelled set: references into ``../shared/data`` plus labels, never the text.

A reference names a file under the data folder, a character range of its text (as read by
``read_source``) and a short hash of that span, so drift in the data is caught, not
silently mislabelled. ``tests/realset/README.md`` describes the set.
"""
