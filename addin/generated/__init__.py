"""The repository's generated files, each with its fast staleness check and its writer (`make regenerate`)."""
