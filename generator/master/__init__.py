"""Master: loudness measurement (BS.1770), the mastering gain, and the true-peak limiter."""
