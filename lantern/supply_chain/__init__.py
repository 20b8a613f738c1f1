"""Supply chains: the council's spend, its suppliers, their modern slavery risk and due diligence."""
