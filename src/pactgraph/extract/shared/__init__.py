"""Parts every language uses: dates, taxonomy codes, places."""
