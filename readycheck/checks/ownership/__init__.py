"""Ownership checks (category ``ownership``): BOLA/IDOR, unauthenticated writes, mass
assignment, and data that is private by default in backend-as-a-service apps."""
