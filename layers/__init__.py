"""Turn wijkradar results into folium layers. No file or database access here."""
