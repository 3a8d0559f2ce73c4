"""Pure calculations: numbers or numpy arrays in, the same shape out. No I/O, no xlwings."""
