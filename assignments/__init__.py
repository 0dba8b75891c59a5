"""The assignments: one folder each (declaration, checks, mistakes, stubs). See docs/authoring.md."""
