"""Rendering: the folium web map (shared by the app and the CLI), the standalone HTML
snapshot and static images. Only this package and app.py import folium or matplotlib."""
