"""The people-facing views shared by the server and the static site: descriptions, pages, timelines, languages."""
