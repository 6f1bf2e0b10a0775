"""One module per CGV version, same function names and signatures:
:mod:`lexom_terms.cgv.legacy_15` and :mod:`lexom_terms.cgv.new_30`."""
