print("popsh")
