print("pasan")
