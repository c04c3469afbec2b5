"""OFD output (GB/T 33190-2016): the PDF's placed pages written as an OFD package."""
