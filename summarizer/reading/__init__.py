"""Reading: files in any encoding and format to normalised, cleaned paragraphs (Block)."""
