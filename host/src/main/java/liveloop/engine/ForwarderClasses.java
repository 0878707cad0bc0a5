package liveloop.engine;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The bytes that let a top-level method change without {@code redefineClasses}, whose safepoint
 * stops every thread for about 30 ms in a JVM that holds javac. JShell's wrapper class for a
 * method snippet is loaded as <em>forwarders</em>: each of its methods is one
 * {@code invokedynamic} whose call site ({@link Forwarders}) points at the current version's
 * <em>body</em>, a class of its own named {@code <wrapper>$Liveloop$Body<n>}. A change defines
 * the next body and re-points the call sites, so every caller (a lambda, a method reference, a
 * state the host holds) runs the new code, as with redefinition in place, and the JIT still
 * inlines the call. A wrapper with fields, an initializer or nested classes is left to the JVM.
 */
final class ForwarderClasses {
    /** Between a wrapper's name and its body's version number. */
    static final String BODY_INFIX = "$Liveloop$Body";

    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC,
            Type.getInternalName(Forwarders.class), "bootstrap",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)"
                    + "Ljava/lang/invoke/CallSite;", false);

    private ForwarderClasses() {}

    /**
     * The methods a wrapper class would forward, each as name and descriptor
     * ({@code start()Ljava/lang/String;}); empty if it cannot forward: it has a field (a
     * variable), an initializer, a statement's {@code do_it$}, an instance method, or a nested,
     * local or anonymous class (whose outer class must stay the one that runs its code).
     */
    static Optional<Set<String>> forwarded(byte[] wrapper) {
        ClassReader reader = new ClassReader(wrapper);
        String self = reader.getClassName();
        Set<String> methods = new HashSet<>();
        boolean[] refused = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                refused[0] = true;
                return null;
            }

            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
                if (name.startsWith(self + "$")) {
                    refused[0] = true;
                }
            }

            @Override
            public void visitNestMember(String nestMember) {
                refused[0] = true;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (name.equals("<init>") || (access & Opcodes.ACC_SYNTHETIC) != 0) {
                    return null; // the default constructor; lambda bodies go with the body class
                }
                if (name.equals("<clinit>") || name.equals("do_it$") || (access & Opcodes.ACC_STATIC) == 0) {
                    refused[0] = true;
                } else {
                    methods.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return refused[0] || methods.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(methods));
    }

    /** The class JShell's wrapper is loaded as: its constructor, and each forwarded method as one {@code invokedynamic}. */
    static byte[] forwarders(byte[] wrapper, Set<String> forwarded) {
        ClassReader reader = new ClassReader(wrapper);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS); // straight-line code: no frames
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            private String superName;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                this.superName = superName;
                writer.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (name.equals("<init>") && descriptor.equals("()V")) {
                    MethodVisitor init = writer.visitMethod(access, name, descriptor, signature, exceptions);
                    init.visitCode();
                    init.visitVarInsn(Opcodes.ALOAD, 0);
                    init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
                    init.visitInsn(Opcodes.RETURN);
                    init.visitMaxs(0, 0);
                    init.visitEnd();
                } else if (forwarded.contains(name + descriptor)) {
                    // The same access as JShell gave it, synchronized included: the lock stays this
                    // class through every version, and the bodies do not take one.
                    MethodVisitor forwarder = writer.visitMethod(access, name, descriptor, signature, exceptions);
                    forwarder.visitCode();
                    int slot = 0;
                    for (Type argument : Type.getArgumentTypes(descriptor)) {
                        forwarder.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
                        slot += argument.getSize();
                    }
                    forwarder.visitInvokeDynamicInsn(name, descriptor, BOOTSTRAP);
                    forwarder.visitInsn(Type.getReturnType(descriptor).getOpcode(Opcodes.IRETURN));
                    forwarder.visitMaxs(0, 0);
                    forwarder.visitEnd();
                }
                return null;
            }

            @Override
            public void visitEnd() {
                writer.visitEnd();
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /**
     * JShell's wrapper renamed {@code bodyName}: one version's code. What it calls of its own
     * lambda bodies, and a forwarded method's calls of itself (recursion: one frame per level,
     * as before), stay in this version; a lambda's calls of a forwarded method go through the
     * forwarders, so a lambda made now runs whatever version is current when it is called.
     */
    static byte[] body(byte[] wrapper, String bodyName, Set<String> forwarded) {
        ClassReader reader = new ClassReader(wrapper);
        String self = reader.getClassName();
        String body = bodyName.replace('.', '/');
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(version, access, body, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                boolean isForwarded = forwarded.contains(name + descriptor);
                int bodyAccess = isForwarded ? access & ~Opcodes.ACC_SYNCHRONIZED : access;
                MethodVisitor next = super.visitMethod(bodyAccess, name, descriptor, signature, exceptions);
                return new MethodVisitor(Opcodes.ASM9, next) {
                    private String owner(String owner, String name, String descriptor) {
                        if (!owner.equals(self)) {
                            return owner;
                        }
                        boolean callsForwarded = forwarded.contains(name + descriptor);
                        return !callsForwarded || isForwarded ? body : owner;
                    }

                    private Object moved(Object constant) {
                        if (constant instanceof Handle) {
                            Handle h = (Handle) constant;
                            return new Handle(h.getTag(), owner(h.getOwner(), h.getName(), h.getDesc()), h.getName(),
                                    h.getDesc(), h.isInterface());
                        }
                        return constant;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                            boolean isInterface) {
                        super.visitMethodInsn(opcode, owner(owner, name, descriptor), name, descriptor, isInterface);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                            Object... arguments) {
                        Object[] moved = new Object[arguments.length];
                        for (int i = 0; i < arguments.length; i++) {
                            moved[i] = moved(arguments[i]);
                        }
                        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, moved);
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        super.visitLdcInsn(moved(value));
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
