"""Many tracks at once: jobs from scripts × lengths or from a manifest, rendered in local worker
processes (``local``) or on a Dask cluster (``cluster``), with a playlist."""
