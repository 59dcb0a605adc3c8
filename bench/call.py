def inc(x):
    return x + 1
s = 0
for i in range(1000000):
    s = inc(s)
print(s)
