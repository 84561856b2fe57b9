"""The record: loading and validating data/, event GeoDataFrames, filters, derived layers,
import and export. Never imports streamlit or folium."""
