"""SSS drafting: the district school-sanitation strategy, from mapping data to PDF and Word."""
