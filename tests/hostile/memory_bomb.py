def mse_loss(X, y, w, b):
    chunks = []
    while True:
        chunks.append(np.ones(10**7))  # 80 MB a time, every page touched
