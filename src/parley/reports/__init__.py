"""Reports: what is read across many interactions (the supervisor's interaction search and its CSV export;
contact records, KPIs and script analytics to come). It reads the desk's records and never writes them."""
