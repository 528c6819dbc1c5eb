"""Calendar feeds: public, personal and partner feeds, and their versions for
conditional GETs."""
