def load(ctx):
    ctx.log("Mục thứ chín: dữ liệu mẫu")


def seed(agencies, options, stdout):
    stdout.write(f"Mục thứ chín: {options['ghi_chu']} ghi chú")
