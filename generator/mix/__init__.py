"""Mix: the ambient beds, bells and chimes, the ducking envelope, and the block mixer that lays
voice clips over the bed where the plan puts them."""
